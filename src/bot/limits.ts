/** Per-member cooldown and per-server questions-per-minute cap. In memory; the clock is injectable. */
export type Clock = () => number;

export type LimitVerdict =
  { ok: true } | { ok: false; retryAfterMs: number; reason: "cooldown" | "server" };

export class QuestionLimiter {
  private readonly lastByUser = new Map<string, number>();
  private readonly recentByGuild = new Map<string, number[]>();

  constructor(private readonly now: Clock = Date.now) {}

  /** Checks both limits and, when the question may go ahead, counts it. */
  take(
    guildId: string | null,
    userId: string,
    limits: { cooldownSeconds: number; questionsPerMinute: number },
  ): LimitVerdict {
    const now = this.now();
    const userKey = `${guildId ?? "dm"}:${userId}`;
    const last = this.lastByUser.get(userKey);
    const cooldownMs = limits.cooldownSeconds * 1000;
    if (last !== undefined && cooldownMs > 0 && now - last < cooldownMs) {
      return { ok: false, retryAfterMs: cooldownMs - (now - last), reason: "cooldown" };
    }
    if (guildId) {
      const recent = (this.recentByGuild.get(guildId) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= limits.questionsPerMinute) {
        this.recentByGuild.set(guildId, recent);
        return { ok: false, retryAfterMs: 60_000 - (now - recent[0]!), reason: "server" };
      }
      recent.push(now);
      this.recentByGuild.set(guildId, recent);
    }
    this.lastByUser.set(userKey, now);
    return { ok: true };
  }
}

export function limitMessage(
  verdict: Extract<LimitVerdict, { ok: false }>,
  nowMs: number = Date.now(),
): string {
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  const at = Math.floor((nowMs + verdict.retryAfterMs) / 1000);
  return verdict.reason === "cooldown"
    ? `You're asking a little fast: please wait ${seconds} s and try again (<t:${at}:R>).`
    : `This server has reached its limit of questions per minute: please try again in ${seconds} s (<t:${at}:R>).`;
}
