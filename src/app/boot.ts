/**
 * The page's entry: index.html's static shell (the header and "Loading the explorer…") is painted first,
 * then the app (main.tsx: React, the store, the worker) is evaluated. Evaluating the app's 250 KB of script
 * before the first frame is what held the first paint back (bench/browser: 250–870 ms on a loaded machine).
 * The app's chunk is fetched meanwhile: the build preloads it from index.html (vite.config.ts).
 */
// the shell's styles (and the app's), linked from index.html so the first frame is styled
import '../views/shared/tokens.css';
import './app.css';

const afterFirstFrame = (run: () => void) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(run, 0)) : run();

afterFirstFrame(() => void import('./main'));
