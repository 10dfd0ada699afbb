import { monthLabel, thisMonth } from "../objectives/format.ts";
import classes from "./capacity.module.css";

/** The capacity tables' header: Team, one column per month (this month marked), then `last`. */
export function MonthsHead({ months, last }: { months: string[]; last: string }) {
  const now = thisMonth();
  return (
    <thead>
      <tr>
        <th className={classes.teamCell} scope="col">
          Team
        </th>
        {months.map((m) => (
          <th key={m} scope="col" className={m === now ? classes.current : undefined}>
            {monthLabel(m)}
          </th>
        ))}
        <th scope="col" style={{ textAlign: "right" }}>
          {last}
        </th>
      </tr>
    </thead>
  );
}
