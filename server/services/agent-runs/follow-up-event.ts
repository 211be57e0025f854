/** The event type of a message sent to a queued or running run. */
export const FOLLOW_UP_EVENT = "user_message";
