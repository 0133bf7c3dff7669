/** The part of markdown-it's API schemaMarkdown.ts uses (the package ships no types). */
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
  }
  export default class MarkdownIt {
    constructor(options?: Options);
    render(src: string): string;
    renderInline(src: string): string;
  }
}
