import type { Component } from "../loader.js";
import { sourcesMessage } from "../commands/sources.js";

/** Newer/older page of /sources. */
const component: Component = {
  prefix: "src",
  async execute(interaction, [page], ctx) {
    await interaction.update(sourcesMessage(ctx.retriever, Number(page) || 0));
  },
};

export default component;
