export { studioApp, type StudioAppOptions } from "./server/app.js";
export { startStudio, DEFAULT_STUDIO_PORT, type StartStudioOptions, type StudioServer } from "./server/start-studio.js";
export type * from "./wire/wire.js";
