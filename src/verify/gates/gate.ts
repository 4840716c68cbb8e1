import type { Gate } from '../../core/verdict';
import type { VerificationContext } from '../verification-context';

/**
 * One gate of the runner. It judges the tests that every earlier gate left standing, rejects
 * those it fails with a reason a developer understands, and records what later gates need.
 */
export interface VerificationGate {
  readonly name: Gate;
  judge(context: VerificationContext): Promise<void>;
}
