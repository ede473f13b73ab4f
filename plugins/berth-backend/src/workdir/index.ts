export { createWorkDir, WORK_DIR_MARKER } from './workDir';
export type { WorkDir } from './workDir';
export { sweepStaleWorkDirs } from './sweepStaleWorkDirs';
export { readWorkDirConfig } from './readWorkDirConfig';
export { isProcessAlive, processIdentity } from './processIdentity';
export type { ProcessIdentity } from './processIdentity';
