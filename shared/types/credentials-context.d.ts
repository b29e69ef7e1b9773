declare module '@digitalbazaar/credentials-context' {
  /** Context URL → the JSON-LD context document. */
  export const contexts: Map<string, unknown>;
}
