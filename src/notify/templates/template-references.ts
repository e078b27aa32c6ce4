import Handlebars from 'handlebars';
import { TEMPLATE_HELPERS } from './variables';

/** Something a template refers to, with where it is written (1-based line, 0-based column as Handlebars reports). */
export interface TemplateReference {
  name: string;
  line: number;
  column: number;
}

/** Everything a template refers to, sorted by kind. */
export interface TemplateReferences {
  variables: TemplateReference[];
  helpers: TemplateReference[];
  /** Constructs notification templates do not allow (partials, context-changing blocks, parent paths). */
  unsupported: TemplateReference[];
}

type Node = hbs.AST.Node;

function ref(name: string, node: Node): TemplateReference {
  return { name, line: node.loc?.start.line ?? 1, column: node.loc?.start.column ?? 0 };
}

/**
 * Walks the Handlebars AST of `source` and lists what it refers to.
 * Throws Handlebars' parse error for malformed templates.
 */
export function collectTemplateReferences(source: string, helperNames: readonly string[] = TEMPLATE_HELPERS): TemplateReferences {
  const out: TemplateReferences = { variables: [], helpers: [], unsupported: [] };
  const isHelper = (name: string): boolean => helperNames.includes(name);

  const path = (p: hbs.AST.PathExpression): void => {
    // Parent scopes, `this` and @data only make sense inside #each/#with, which we do not allow.
    if (p.depth > 0 || p.data || p.parts.length === 0) out.unsupported.push(ref(p.original, p));
    else out.variables.push(ref(p.parts.join('.'), p));
  };

  const expression = (e: hbs.AST.Expression): void => {
    if (e.type === 'PathExpression') path(e as hbs.AST.PathExpression);
    else if (e.type === 'SubExpression') call(e as hbs.AST.SubExpression);
    // Literals refer to nothing.
  };

  const call = (c: { path: hbs.AST.PathExpression | hbs.AST.Literal; params: hbs.AST.Expression[]; hash: hbs.AST.Hash } & Node): void => {
    if (c.path.type === 'PathExpression') out.helpers.push(ref((c.path as hbs.AST.PathExpression).original, c.path));
    c.params.forEach(expression);
    c.hash?.pairs.forEach((pair) => expression(pair.value));
  };

  const statement = (s: hbs.AST.Statement): void => {
    switch (s.type) {
      case 'MustacheStatement': {
        const m = s as hbs.AST.MustacheStatement;
        const name = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : undefined;
        if (m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || (name !== undefined && isHelper(name))) call(m);
        else if (m.path.type === 'PathExpression') path(m.path as hbs.AST.PathExpression);
        return;
      }
      case 'BlockStatement': {
        const b = s as hbs.AST.BlockStatement;
        // `{{#ticket.assignee}}` would switch the context; only helper blocks keep variables checkable.
        if (isHelper(b.path.original)) call(b);
        else out.unsupported.push(ref(`#${b.path.original}`, b));
        program(b.program);
        if (b.inverse) program(b.inverse);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
      case 'DecoratorBlock':
      case 'Decorator':
        out.unsupported.push(ref(s.type === 'PartialStatement' || s.type === 'PartialBlockStatement' ? 'partial' : 'decorator', s));
        return;
      default:
        // ContentStatement and CommentStatement carry no references.
        return;
    }
  };

  const program = (p: hbs.AST.Program): void => p.body.forEach(statement);

  program(Handlebars.parse(source));
  return out;
}

/** Lists the distinct variable paths a template uses, in order of first use, e.g. `['ticket.number', 'link']`. */
export function listTemplateVariables(source: string): string[] {
  return [...new Set(collectTemplateReferences(source).variables.map((v) => v.name))];
}
