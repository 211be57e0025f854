export { getNextStep } from "../server/services/home/next-step";
