/**
 * Every module's command-palette entries. A new module adds its `commands.tsx` (calling
 * `registerCommands`) and imports it here; the palette chunk loads them all.
 */
import "./commands.tsx";
import "../products/commands.tsx";
import "../people/commands.tsx";
import "../settings/commands.tsx";
import "../rounds/commands.tsx";
import "../ideas/commands.tsx";
import "../objectives/commands.tsx";
import "../capacity/commands.tsx";
import "../roadmaps/commands.tsx";
import "../feedback/commands.tsx";
import "../competitors/commands.tsx";
import "../matrix/commands.tsx";
import "../monitoring/ChangeCommands.tsx";
