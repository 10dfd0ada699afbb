/** A cell that starts with = + - @ (or a tab or CR) would run as a formula in spreadsheets: prefix it with a quote. */
export const csvSafe = (v: unknown) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
