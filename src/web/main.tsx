import "./zod-config.ts";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./styles.css";
import { localStorageColorSchemeManager, MantineProvider } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { api } from "./api/client.ts";
import { fetchSession, healthKey, sessionKey } from "./api/session.ts";
import { cssVariablesResolver } from "./contrast.ts";
import { queryClient } from "./lib/query-client.ts";
import { preloadFor } from "./modules/shell/pages.ts";
import { theme } from "./theme.ts";

// Everything the first screen needs starts at once: health, session and the route's chunks. The first
// render waits for them (at most a moment), so the page appears complete instead of loader → page.
const ready = Promise.race([
  Promise.all([
    queryClient.prefetchQuery({
      queryKey: healthKey,
      queryFn: () => api.get("/health"),
      staleTime: 5 * 60_000,
    }),
    queryClient.prefetchQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 }),
    preloadFor(window.location.pathname),
  ]),
  new Promise((resolve) => setTimeout(resolve, 1200)),
]);

const colorSchemeManager = localStorageColorSchemeManager({ key: "baton-color-scheme" });

void ready.then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={cssVariablesResolver}
        defaultColorScheme="auto"
        colorSchemeManager={colorSchemeManager}
      >
        <QueryClientProvider client={queryClient}>
          <ModalsProvider labels={{ confirm: "Confirm", cancel: "Cancel" }}>
            <Notifications position="top-right" limit={4} />
            <App />
          </ModalsProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
