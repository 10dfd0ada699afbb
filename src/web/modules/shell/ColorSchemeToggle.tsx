import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { IconMoon, IconSun } from "@tabler/icons-react";
import { useCallback } from "react";

export function useToggleColorScheme() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: false });
  return useCallback(
    () => setColorScheme(computed === "dark" ? "light" : "dark"),
    [computed, setColorScheme],
  );
}

export function ColorSchemeToggle() {
  const computed = useComputedColorScheme("light", { getInitialValueInEffect: false });
  const toggle = useToggleColorScheme();
  const label = computed === "dark" ? "Switch to light mode" : "Switch to dark mode";
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={label}>
        {computed === "dark" ? <IconSun size={18} stroke={1.7} /> : <IconMoon size={18} stroke={1.7} />}
      </ActionIcon>
    </Tooltip>
  );
}
