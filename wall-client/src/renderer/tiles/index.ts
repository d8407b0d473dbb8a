import { registerPipe } from './registry';
import { clockPipe } from './clock-pipe';
import { labelPipe } from './label-pipe';
import { testPatternPipe } from './test-pattern-pipe';
import { cameraPipe } from '../video/camera-pipe';
import '../widgets/register';

/**
 * Every tile kind registers here, one line each (video and widget pipes add theirs).
 * Importing this module once, from main.ts, fills the registry.
 */
registerPipe(labelPipe);
registerPipe(clockPipe);
registerPipe(testPatternPipe);
registerPipe(cameraPipe);
