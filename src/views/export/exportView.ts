/**
 * PNG and SVG of one view, loaded on demand. html-to-image inlines the computed styles (so the theme's colours
 * come along) and draws canvases (struct pages) as images; an SVG view is serialised as it is.
 */
import { toPng, toSvg } from 'html-to-image';

function download(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** the view's background, so the image reads the same in either theme */
function background(node: HTMLElement): string {
  return getComputedStyle(node).backgroundColor || getComputedStyle(document.body).backgroundColor;
}

// buttons of the export toolbar stay out of the picture
const keep = (n: HTMLElement) => !(n instanceof HTMLElement && n.dataset.exportSkip !== undefined);

export async function exportView(node: HTMLElement, name: string, format: 'png' | 'svg'): Promise<void> {
  const options = { backgroundColor: background(node), filter: keep, pixelRatio: 2 };
  if (format === 'png') {
    download(await toPng(node, options), `${name}.png`);
  } else {
    download(await toSvg(node, options), `${name}.svg`);
  }
}
