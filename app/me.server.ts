export { getMe } from "../server/services/me/get-me";
