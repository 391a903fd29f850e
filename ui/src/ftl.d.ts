// Fluent files imported as text (Vite's ?raw), e.g. ../../locales/en/ui.ftl?raw.
declare module "*.ftl?raw" {
  const text: string;
  export default text;
}
