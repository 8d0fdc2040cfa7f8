/** The text cut to `max` characters, an ellipsis marking the cut: labels and lists show the gist. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
