import * as z from "./external";
export * from "./external";
export { z };
export default z;
