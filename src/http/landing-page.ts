/**
 * Apollo Sandbox as /graphql's landing page outside production. Sandbox
 * loads from Apollo's CDN; offline, its fallback text now links to the
 * bundled GraphiQL at /graphiql.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';

export const OFFLINE_LINK =
  '<p>An explorer that works offline is served by this gateway: <a href="/graphiql">GraphiQL at /graphiql</a> (and the dashboard at <a href="/">/</a>).</p>';

export function landingPagePlugin(graphiql: boolean): ApolloServerPlugin {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true });
  if (!graphiql) return sandbox;
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart!(service);
      const render = listener?.renderLandingPage;
      if (!render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          const html = page.html;
          const withLink = (text: string) => text.replace('<div class="fallback">', `<div class="fallback">\n  ${OFFLINE_LINK}`);
          return { ...page, html: typeof html === 'string' ? withLink(html) : async () => withLink(await html()) };
        },
      };
    },
  };
}
