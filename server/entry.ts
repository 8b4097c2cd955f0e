// The server bundle's entry (see vite.config.ts): the React Router build plus start().
export * as build from "virtual:react-router/server-build";
export { start } from "./app.ts";
