import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Component, type ErrorInfo, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/**
 * Catches render errors and failed chunk loads (e.g. after an upgrade replaced the hashed files):
 * offers a reload instead of a blank page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("Baton UI error", error, info.componentStack);
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    // Navigating elsewhere clears the error.
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(
      this.state.error.message,
    );
    return (
      <Center py={96} px="md" role="alert">
        <Stack align="center" gap="xs" maw={460} ta="center">
          <Title order={2}>{chunk ? "Baton was updated" : "Something went wrong"}</Title>
          <Text c="dimmed">
            {chunk
              ? "A newer version is available. Reload the page to continue."
              : "This part of the page failed to display. Reloading usually helps; if it keeps happening, tell your administrator."}
          </Text>
          <Button mt="md" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </Stack>
      </Center>
    );
  }
}
