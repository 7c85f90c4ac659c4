/**
 * The services Release Desk connects to. Kept free of zod so the renderer can import the
 * labels without bundling the schemas.
 */
export const SERVICE_IDS = ['github', 'circleci', 'slack'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export const SERVICE_LABELS: Readonly<Record<ServiceId, string>> = {
  github: 'GitHub',
  circleci: 'CircleCI',
  slack: 'Slack',
};
