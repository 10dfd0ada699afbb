import { createTheme, type MantineColorsTuple } from "@mantine/core";

/** Baton's brand colour: a confident indigo-violet, the conductor's ink. */
const baton: MantineColorsTuple = [
  "#eef0ff",
  "#dde0ff",
  "#b9befc",
  "#939af8",
  "#737bf5",
  "#5f67f3",
  "#4d55e6",
  "#3f47cc",
  "#363eb5",
  "#2b329c",
];

/** Slightly cool neutrals for dark mode (Mantine's default greys, nudged toward blue). */
const dark: MantineColorsTuple = [
  "#c9cad3",
  "#abadb9",
  "#8a8d9b",
  "#616473",
  "#3d404b",
  "#2d2f38",
  "#24262e",
  "#1b1c23",
  "#15161b",
  "#101115",
];

export const theme = createTheme({
  primaryColor: "baton",
  primaryShade: { light: 6, dark: 5 },
  colors: { baton, dark },
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: {
    fontWeight: "650",
    sizes: {
      h1: { fontSize: "1.625rem", lineHeight: "1.25" },
      h2: { fontSize: "1.25rem", lineHeight: "1.3" },
      h3: { fontSize: "1.0625rem", lineHeight: "1.35" },
      h4: { fontSize: "0.9375rem", lineHeight: "1.4" },
    },
  },
  defaultRadius: "md",
  cursorType: "pointer",
  focusRing: "auto",
  components: {
    Button: { defaultProps: { radius: "md" } },
    Card: { defaultProps: { withBorder: true, radius: "lg", padding: "lg" } },
    Paper: { defaultProps: { radius: "lg" } },
    Modal: {
      // Mantine's close button has no accessible name of its own (axe: button-name).
      defaultProps: {
        centered: true,
        radius: "lg",
        overlayProps: { backgroundOpacity: 0.45, blur: 2 },
        closeButtonProps: { "aria-label": "Close" },
      },
      styles: { title: { fontWeight: 650, fontSize: "var(--mantine-font-size-lg)" } },
    },
    Drawer: {
      defaultProps: {
        overlayProps: { backgroundOpacity: 0.45, blur: 2 },
        closeButtonProps: { "aria-label": "Close" },
      },
      styles: { title: { fontWeight: 650, fontSize: "var(--mantine-font-size-lg)" } },
    },
    // Sentence-case badges read calmer than Mantine's default capitals.
    Badge: {
      defaultProps: { radius: "sm", variant: "light" },
      styles: { root: { textTransform: "none", fontWeight: 600, letterSpacing: 0, flexShrink: 0 } },
    },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Menu: { defaultProps: { shadow: "md", radius: "md", withinPortal: true } },
    Table: { defaultProps: { verticalSpacing: "sm", horizontalSpacing: "md", highlightOnHover: true } },
    // A table wider than a phone scrolls sideways in its container: keyboard users must be able to scroll it too.
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
    // Like the modal's, the notification's close button needs a name; its message in the text colour (Mantine's
    // dimmed grey on white is under 4.5:1).
    Notification: {
      defaultProps: { radius: "md", closeButtonProps: { "aria-label": "Close notification" } },
      styles: { description: { color: "var(--mantine-color-text)" } },
    },
    TextInput: { defaultProps: { radius: "md" } },
    PasswordInput: { defaultProps: { radius: "md" } },
    Select: { defaultProps: { radius: "md", allowDeselect: false, comboboxProps: { shadow: "md" } } },
  },
});
