import type { PoolConfig } from '../config/schema';

/** What the directory is asked when a ticket needs an owner. */
export interface AgentPickRequest {
  ticket: string;
  tier: 'L1' | 'L2' | 'L3';
  skill?: string;
  fields: Record<string, unknown>;
  exclude: string[];
  pool: PoolConfig;
  /** Open tickets per agent, counted from Temporal visibility by the caller. */
  loads: Record<string, number>;
}

/** The picked agent, or why nobody could be picked. */
export interface AgentPickResult {
  agent?: string;
  why?: string;
}
