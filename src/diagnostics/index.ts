export type { SpecIssue } from './issue.js';
export { formatIssue, locateIssues, renderIssues } from './render-issues.js';
export type { LocatedIssue } from './render-issues.js';
export { closest, listOf, suggest } from './suggest.js';
