import { z } from "zod";

/** What the API would have answered: the value encoded by the route's response schema, as JSON carries it. */
export const asApi = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> =>
  JSON.parse(JSON.stringify(z.encode(schema, value as z.output<S>)));
