import { Group, Text } from "@mantine/core";

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" role="presentation">
      <defs>
        <linearGradient id="baton-logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#737bf5" />
          <stop offset="1" stopColor="#3f47cc" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="16" fill="url(#baton-logo-g)" />
      <path d="M20 45 L45 17" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <circle cx="20.5" cy="44.5" r="6.5" fill="#fff" />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      <Text fw={700} fz={size > 30 ? 22 : 17} style={{ letterSpacing: "-0.02em" }}>
        Baton
      </Text>
    </Group>
  );
}
