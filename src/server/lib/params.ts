import { z } from "zod";

/** Path parameters of workspace routes; `wid` is checked (UUID, membership) by the auth plugin. */
export const WsParams = z.object({ wid: z.string() });
export const WsIdParams = WsParams.extend({ id: z.uuid() });
