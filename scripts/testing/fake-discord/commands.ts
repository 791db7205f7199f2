/**
 * Application command registration routes (global and per guild):
 *   GET|PUT|POST /applications/:app/commands,  DELETE /applications/:app/commands/:id
 *   GET|PUT|POST /applications/:app/guilds/:guild/commands, DELETE .../commands/:id
 */
import { ApplicationCommandType, type APIApplicationCommand } from "discord-api-types/v10";
import { isRecord, stringField, type JsonRecord } from "./json.js";
import { apiError, json, type Route, type RouteContext, type RouteResponse } from "./rest.js";

const GLOBAL = "global";

export class CommandStore {
  /** scope ('global' or a guild id) -> commands in registration order */
  readonly #commands = new Map<string, APIApplicationCommand[]>();
  readonly #applicationId: string;
  readonly #nextId: () => string;

  constructor(applicationId: string, nextId: () => string) {
    this.#applicationId = applicationId;
    this.#nextId = nextId;
  }

  /** Registered global commands (`guildId` omitted) or the commands of one guild. */
  list(guildId?: string): readonly APIApplicationCommand[] {
    return this.#commands.get(guildId ?? GLOBAL) ?? [];
  }

  /** The command a user would invoke by `name` in `guildId` (guild commands win). */
  lookup(name: string, guildId: string): { id: string; guildId?: string } | undefined {
    const guild = this.list(guildId).find((c) => c.name === name);
    if (guild !== undefined) return { id: guild.id, guildId };
    const global = this.list().find((c) => c.name === name);
    return global === undefined ? undefined : { id: global.id };
  }

  routes(): Route[] {
    const routes: Route[] = [];
    for (const base of [
      "/applications/:applicationId/commands",
      "/applications/:applicationId/guilds/:guildId/commands",
    ]) {
      routes.push(
        {
          method: "GET",
          path: base,
          auth: true,
          handle: (c) => this.#scoped(c, (scope) => json(200, this.list(scope))),
        },
        {
          method: "PUT",
          path: base,
          auth: true,
          handle: (c) => this.#scoped(c, (scope) => this.#overwrite(c, scope)),
        },
        {
          method: "POST",
          path: base,
          auth: true,
          handle: (c) => this.#scoped(c, (scope) => this.#upsert(c, scope)),
        },
        {
          method: "DELETE",
          path: `${base}/:commandId`,
          auth: true,
          handle: (c) => this.#scoped(c, (scope) => this.#delete(c, scope)),
        },
      );
    }
    return routes;
  }

  #scoped(
    context: RouteContext,
    next: (scope: string | undefined) => RouteResponse,
  ): RouteResponse {
    if (context.params["applicationId"] !== this.#applicationId)
      return apiError(403, 50001, "Missing Access");
    return next(context.params["guildId"]);
  }

  #overwrite({ request }: RouteContext, guildId: string | undefined): RouteResponse {
    if (!Array.isArray(request.body)) return apiError(400, 50035, "Invalid Form Body");
    const commands = request.body
      .filter(isRecord)
      .map((body) => this.#toCommand(body, guildId, undefined));
    this.#commands.set(guildId ?? GLOBAL, commands);
    return json(200, commands);
  }

  #upsert({ request }: RouteContext, guildId: string | undefined): RouteResponse {
    if (!isRecord(request.body)) return apiError(400, 50035, "Invalid Form Body");
    const existing = this.list(guildId);
    const previous = existing.find(
      (c) => c.name === stringField(request.body as JsonRecord, "name"),
    );
    const command = this.#toCommand(request.body, guildId, previous?.id);
    this.#commands.set(guildId ?? GLOBAL, [...existing.filter((c) => c !== previous), command]);
    return json(previous === undefined ? 201 : 200, command);
  }

  #delete({ params }: RouteContext, guildId: string | undefined): RouteResponse {
    const existing = this.list(guildId);
    if (!existing.some((c) => c.id === params["commandId"]))
      return apiError(404, 10063, "Unknown application command");
    this.#commands.set(
      guildId ?? GLOBAL,
      existing.filter((c) => c.id !== params["commandId"]),
    );
    return json(204);
  }

  #toCommand(
    body: JsonRecord,
    guildId: string | undefined,
    id: string | undefined,
  ): APIApplicationCommand {
    const permissions = body["default_member_permissions"];
    return {
      ...(body as Partial<APIApplicationCommand>),
      id: id ?? this.#nextId(),
      application_id: this.#applicationId,
      type:
        typeof body["type"] === "number"
          ? (body["type"] as ApplicationCommandType)
          : ApplicationCommandType.ChatInput,
      name: stringField(body, "name") ?? "",
      description: stringField(body, "description") ?? "",
      default_member_permissions: typeof permissions === "string" ? permissions : null,
      version: this.#nextId(),
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    };
  }
}
