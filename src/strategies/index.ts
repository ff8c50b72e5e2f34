import { StrategyDefinition, StrategyTraits } from './strategy';
import { allFollower } from './allFollower';
import { allMaster } from './allMaster';
import { criticalOnly } from './criticalOnly';
import { postWriteWindow } from './postWriteWindow';
import { lagThreshold } from './lagThreshold';
import { causal } from './causal';
import { adaptiveWindow } from './adaptiveWindow';
import { pgpool } from './pgpool';

export * from './strategy';

/** Every strategy lagsim knows, by name. Add a strategy here and it is in the CLI, the schema and the docs. */
export const STRATEGIES: Record<string, StrategyDefinition> = {
  [allFollower.name]: allFollower,
  [allMaster.name]: allMaster,
  [criticalOnly.name]: criticalOnly,
  [postWriteWindow.name]: postWriteWindow,
  [lagThreshold.name]: lagThreshold,
  [causal.name]: causal,
  [adaptiveWindow.name]: adaptiveWindow,
  [pgpool.name]: pgpool,
};

/** Run when a scenario lists none. */
export const DEFAULT_STRATEGIES = ['all-follower', 'all-master', 'critical-only', 'post-write-window'];

/** A strategy chosen and validated: its definition, its parsed parameters and its label. */
export interface StrategySpec {
  name: string;
  params: unknown;
  label: string;
}

/** What the strategy of `spec` is (scope, what it routes on, whether reads wait). */
export function traitsOf(spec: StrategySpec): StrategyTraits {
  return STRATEGIES[spec.name].traits(spec.params);
}
