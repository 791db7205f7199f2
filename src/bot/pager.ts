/** A previous/next button row for paged messages; none when there is only one page. */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";

export function pagerRows(
  customIdFor: (page: number) => string,
  current: number,
  pages: number,
  labels: [previous: string, next: string] = ["Previous page", "Next page"],
): Array<APIActionRowComponent<APIButtonComponent>> {
  if (pages <= 1) return [];
  const button = (label: string, page: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customIdFor(page),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(labels[0], current - 1, current === 0),
        button(labels[1], current + 1, current >= pages - 1),
      ],
    },
  ];
}
