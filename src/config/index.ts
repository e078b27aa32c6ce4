// The config module's public surface; import from here rather than from the individual files.
export { loadConfig, parseConfig } from './load-config';
export { ConfigError } from './config-error';
export { configSchema, SUPPORTED_LANGUAGES, SECRET_PATHS, SMS_PLACEHOLDERS, tierName } from './schema';
export type { SopflowConfig, AgentConfig, PoolConfig, Language } from './schema';
