/**
 * GraphiQL's preloaded tabs: the README's example operations, the fenced
 * ```graphql blocks, read at build time so the two never drift apart.
 */
export interface ExampleTab {
  query: string;
  variables?: string;
}

export function readmeOperations(markdown: string): ExampleTab[] {
  const tabs: ExampleTab[] = [];
  for (const m of markdown.matchAll(/^```graphql\n([\s\S]*?)^```/gm)) {
    const query = m[1]!.trim();
    if (/^(query|subscription)\b/.test(query)) tabs.push({ query: `${query}\n` });
  }
  return tabs;
}
