/** The opt-out footer is shared with the admin's message preview. */
export { STOP_FOOTER, withStopFooter } from '../../../../shared/contracts';
