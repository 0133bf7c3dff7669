/**
 * The markdown of the JSON editor's hovers, completions and lint messages, in place of
 * codemirror-json-schema's utils/markdown (vite.config.ts swaps it in at build): the same markdown-it
 * renderer, without the shiki highlighter the library starts for code blocks (shiki and its grammars and
 * themes were most of the editor's chunk). Code in a description stays a readable <code> block, unhighlighted.
 * Raw HTML is escaped and javascript: links refused (markdown-it's defaults: html false, validateLink), so a
 * property name the user typed, quoted in a message, is shown, never run.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ linkify: true, typographer: true });

/** the library's signature: inline by default (a hover's one-line description) */
export function renderMarkdown(markdown: string, inline = true): string {
  return inline ? renderer.renderInline(markdown) : renderer.render(markdown);
}
