import type { SourceKind } from "../../../../shared/sources.schemas.ts";
import { appStoreConnector } from "./appstore.ts";
import { blueskyConnector } from "./bluesky.ts";
import type { Connector } from "./connector.ts";
import { gitHubConnector } from "./github.ts";
import { hackerNewsConnector } from "./hackernews.ts";
import { mastodonConnector } from "./mastodon.ts";
import { rssConnector } from "./rss.ts";

/** Every connector by kind: adding a source is one file here plus its fake-server test. */
export const CONNECTORS: { [K in SourceKind]: Connector<K> } = {
  rss: rssConnector,
  hackernews: hackerNewsConnector,
  mastodon: mastodonConnector,
  github: gitHubConnector,
  appstore: appStoreConnector,
  bluesky: blueskyConnector,
};
