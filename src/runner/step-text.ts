/**
 * @module Step texts may name a stack output as `${outputs.Name}` (the syntax check specs use): shown with the
 * deployed value once the outputs are known (after a check run), and as `<Name>` where they are not (the
 * briefing before the first deploy, `lab guide --step`).
 */
const OUTPUT_PLACEHOLDER = /\$\{outputs\.([A-Za-z0-9]+)\}/g

export function fillStepText(text: string, outputs?: Record<string, string>): string {
  return text.replace(OUTPUT_PLACEHOLDER, (_, name: string) => (outputs && Object.hasOwn(outputs, name) ? outputs[name] : `<${name}>`))
}
