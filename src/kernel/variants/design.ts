export interface Citation {
  author: string;
  date: string;
  subject: string;
  list: string;
  url?: string;
}

export interface DesignReview {
  /** docs/designs/<variant id>.md, the one-page note */
  note: string;
  /** the review that named the flaw, and any other thread the note cites */
  citations: Citation[];
  /** what was merged instead, in a sentence */
  mergedInstead: string;
  /** the kernel functions the design replaces in the 6.12 model (everything else is 6.12's) */
  replaces: string[];
}
