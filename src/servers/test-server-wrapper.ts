import { access, chmod, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureCacheSubdir } from './cache-dir';
import { findOnPath, isExecutable } from './executables';
import { logServers } from './log';
import { runLogged } from './run-logged';
import { TEST_SERVER_VERSION } from './versions';

const MAIN_CLASS = 'io.temporal.testserver.TestServer';
// The SDK gives the server 5 s to answer; these flags trade peak speed for a sub-second JVM start.
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-XX:-UsePerfData'];
// The test server logs through slf4j 1.7 without a binding, so every start printed a 3-line SLF4J warning.
const SLF4J_NOP_VERSION = '1.7.36';
// Marks wrappers we wrote, and from which recipe, so changing a version here rebuilds them.
const MARKER = `# sopflow temporal-test-server wrapper ${TEST_SERVER_VERSION} slf4j-nop ${SLF4J_NOP_VERSION}`;

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by sopflow only to resolve the test server's classpath; nothing is built. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.sopflow</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>${SLF4J_NOP_VERSION}</version>
    </dependency>
  </dependencies>
  <build>
    <pluginManagement>
      <plugins>
        <plugin>
          <groupId>org.apache.maven.plugins</groupId>
          <artifactId>maven-dependency-plugin</artifactId>
          <version>3.8.1</version>
        </plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
`;

/**
 * Resolves `io.temporal:temporal-test-server` (not a fat jar) and its dependencies with Maven, then writes
 * an executable `target` script that execs the JVM on that classpath. Needs `mvn` and a JDK.
 */
export async function buildTestServerWrapper(target: string): Promise<void> {
  const java = await findJava();
  const mvn = await findOnPath('mvn');
  if (!java || !mvn) {
    throw new Error(
      `no time-skipping test server: set TEMPORAL_TEST_SERVER_PATH, or install ${java ? '' : 'a JDK (java) '}` +
        `${mvn ? '' : 'Maven (mvn) '}so sopflow can resolve io.temporal:temporal-test-server ${TEST_SERVER_VERSION}`,
    );
  }
  const workDir = await ensureCacheSubdir(`test-server-${TEST_SERVER_VERSION}`);
  await writeFile(join(workDir, 'pom.xml'), POM);
  logServers(`resolving temporal-test-server ${TEST_SERVER_VERSION} with Maven (first run only, ~30 s)…`);
  const started = Date.now();
  await runLogged(
    mvn,
    ['-q', '-B', 'dependency:build-classpath', '-Dmdep.outputFile=cp.txt', '-Dmdep.includeScope=runtime'],
    {
      cwd: workDir,
      logFile: join(await ensureCacheSubdir('logs'), 'maven-test-server.log'),
      label: `resolving temporal-test-server ${TEST_SERVER_VERSION}`,
    },
  );
  const classpath = (await readFile(join(workDir, 'cp.txt'), 'utf8')).trim();
  const script = [
    '#!/bin/sh',
    MARKER,
    '# The SDK runs `<this> <port>` and kills it on teardown: exec so the signal reaches the JVM.',
    `exec ${shellQuote(java)} ${JVM_FLAGS.join(' ')} -cp ${shellQuote(classpath)} ${MAIN_CLASS} "$@"`,
    '',
  ].join('\n');
  // Written beside the target then renamed, so a concurrent reader never sees half a script.
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, script);
  await chmod(temp, 0o755);
  await rename(temp, target);
  logServers(`resolved temporal-test-server in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
}

/**
 * True when `path` is one of our wrappers for the pinned version whose java and jars all still exist
 * (a cleaned `~/.m2` or a removed JDK would otherwise only show up as a 5 s start timeout).
 */
export async function isUsableWrapper(path: string): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => '');
  if (!text.includes(MARKER)) return false;
  const exec = /^exec '((?:[^']|'\\'')*)' .* -cp '((?:[^']|'\\'')*)' /m.exec(text);
  if (!exec?.[1] || !exec[2]) return false;
  const unquote = (value: string): string => value.replace(/'\\''/g, "'");
  if (!(await isExecutable(unquote(exec[1])))) return false;
  for (const jar of unquote(exec[2]).split(':')) {
    if (!(await exists(jar))) return false;
  }
  return true;
}

/** True when `path` starts like a script we could have written (as opposed to a native binary). */
export async function isScript(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer.toString() === '#!';
  } finally {
    await handle.close();
  }
}

/** The JDK's `java`: `JAVA_HOME`, else the one on PATH. */
export async function findJava(): Promise<string | undefined> {
  const home = process.env['JAVA_HOME'];
  if (home && (await isExecutable(join(home, 'bin', 'java')))) return join(home, 'bin', 'java');
  return findOnPath('java');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
