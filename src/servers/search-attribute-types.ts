import { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';

/** Search attribute types as spelled by `temporal server start-dev --search-attribute Name=Type`. */
export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** Custom search attributes to register on a server, e.g. `{ TicketId: 'Keyword' }`. */
export type SearchAttributeDefinitions = Record<string, SearchAttributeTypeName>;

const SDK_TYPES: Record<SearchAttributeTypeName, SearchAttributeType> = {
  Keyword: SearchAttributeType.KEYWORD,
  Text: SearchAttributeType.TEXT,
  Int: SearchAttributeType.INT,
  Double: SearchAttributeType.DOUBLE,
  Bool: SearchAttributeType.BOOL,
  Datetime: SearchAttributeType.DATETIME,
  KeywordList: SearchAttributeType.KEYWORD_LIST,
};

/** The definitions as an `OperatorService.addSearchAttributes` request body (name → IndexedValueType). */
export function toIndexedValueTypes(
  defs: SearchAttributeDefinitions,
): Record<string, NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>>> {
  const out: Record<string, NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>>> = {};
  for (const [name, type] of Object.entries(defs)) {
    const encoded = encodeSearchAttributeIndexedValueType(SDK_TYPES[type]);
    if (encoded === undefined) throw new Error(`unknown search attribute type ${type} for ${name}`);
    out[name] = encoded;
  }
  return out;
}
