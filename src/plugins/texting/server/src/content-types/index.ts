import office from './office';
import agent from './agent';
import phoneNumber from './phone-number';
import campaign from './campaign';
import contact from './contact';
import conversation from './conversation';
import message from './message';
import botAnswer from './bot-answer';
import deliveryReport from './delivery-report';
import numberEvent from './number-event';
import outboxMessage from './outbox-message';
import dispatchState from './dispatch-state';
import notification from './notification';
import notificationRead from './notification-read';
import optOutEvent from './opt-out-event';

export default {
  'office': office,
  'agent': agent,
  'phone-number': phoneNumber,
  'campaign': campaign,
  'contact': contact,
  'conversation': conversation,
  'message': message,
  'bot-answer': botAnswer,
  'delivery-report': deliveryReport,
  'number-event': numberEvent,
  'outbox-message': outboxMessage,
  'dispatch-state': dispatchState,
  'notification': notification,
  'notification-read': notificationRead,
  'opt-out-event': optOutEvent,
};
