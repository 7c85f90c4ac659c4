/**
 * Pages on app.circleci.com for a pipeline, a workflow and a job. The web app spells the
 * VCS in full (gh → github, bb → bitbucket); `circleci/ORG-ID/PROJECT-ID` slugs (GitHub App,
 * GitLab) are used as they are.
 */
export const CIRCLECI_WEB_APP = 'https://app.circleci.com';

const VCS_IN_FULL: Readonly<Record<string, string>> = { gh: 'github', bb: 'bitbucket' };

export function projectWebPath(projectSlug: string): string {
  const [vcs = '', ...rest] = projectSlug.split('/');
  return [VCS_IN_FULL[vcs] ?? vcs, ...rest].map(encodeURIComponent).join('/');
}

export interface CircleCiWebUrls {
  pipeline(pipelineNumber: number): string;
  workflow(pipelineNumber: number, workflowId: string): string;
  job(pipelineNumber: number, workflowId: string, jobNumber: number): string;
}

export function circleCiWebUrls(projectSlug: string, webApp: string = CIRCLECI_WEB_APP): CircleCiWebUrls {
  const root = `${webApp.replace(/\/+$/, '')}/pipelines/${projectWebPath(projectSlug)}`;
  const pipeline = (pipelineNumber: number) => `${root}/${pipelineNumber}`;
  const workflow = (pipelineNumber: number, workflowId: string) => `${pipeline(pipelineNumber)}/workflows/${encodeURIComponent(workflowId)}`;
  return {
    pipeline,
    workflow,
    job: (pipelineNumber, workflowId, jobNumber) => `${workflow(pipelineNumber, workflowId)}/jobs/${jobNumber}`,
  };
}
