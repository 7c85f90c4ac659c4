/** The demo world: a real workspace on 127.0.0.1 that a newcomer can release and roll back. */
export { createDemoWorkspace, type CreatedDemo } from './create-demo-workspace';
export { DEMO_BRANCHES } from './demo-history';
export { demoPaths } from './demo-paths';
export { demoTeamworkFor, DEMO_TEAMMATE } from './demo-teamwork';
export { findRunningDemo, startDemo, stopDemo, type DemoOptions, type RunningDemo } from './start-demo';
