import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { ApiError, errorMessage } from "../api/client.ts";

export function notifySuccess(message: ReactNode, title?: string) {
  notifications.show({ color: "teal", icon: <IconCheck size={18} />, title, message, autoClose: 4000 });
}

export function notifyError(err: unknown, title = "That did not work") {
  notifications.show({
    color: "red",
    icon: <IconX size={18} />,
    title,
    message: errorMessage(err),
    autoClose: 7000,
  });
}

/** The part of a @mantine/form form this needs (its exported types do not resolve under NodeNext). */
interface FormLike {
  getValues: () => object;
  setErrors: (errors: Record<string, ReactNode>) => void;
}

/**
 * Puts an API error's `fields` onto the form's fields. Returns the message to show above the form
 * when the error is not (only) about fields the form has.
 */
export function applyApiError(form: FormLike, err: unknown): string | null {
  if (!(err instanceof ApiError)) return errorMessage(err);
  const known = Object.keys(form.getValues());
  const mine: Record<string, string> = {};
  const others: string[] = [];
  for (const [path, msg] of Object.entries(err.fields)) {
    const top = path.split(".")[0]!;
    if (known.includes(top)) mine[path] = capitalize(msg);
    else others.push(capitalize(msg));
  }
  if (Object.keys(mine).length) form.setErrors(mine);
  if (others.length) return others.join(". ");
  return Object.keys(mine).length ? null : err.message;
}

function capitalize(s: string) {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

interface ConfirmOptions {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
}

export function confirmAction({ title, message, confirmLabel, danger = true, onConfirm }: ConfirmOptions) {
  modals.openConfirmModal({
    title,
    children: message,
    labels: { confirm: confirmLabel, cancel: "Cancel" },
    confirmProps: { color: danger ? "red" : undefined },
    onConfirm,
  });
}
