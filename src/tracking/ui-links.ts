/**
 * Links into the MLflow UI (hash router) for printing. `workflowType=machine_learning` opens the
 * "Model training" layout; MLflow 3.x otherwise may show the GenAI (traces) layout for a new experiment.
 */
import { redactUris } from './redact.js';

const base = (uri: string) => redactUris(uri).replace(/\/+$/, '');

export function experimentUrl(uri: string, experimentId: string): string {
  return `${base(uri)}/#/experiments/${experimentId}/runs?workflowType=machine_learning`;
}

export function runUrl(uri: string, experimentId: string, runId: string): string {
  return `${base(uri)}/#/experiments/${experimentId}/runs/${runId}?workflowType=machine_learning`;
}
