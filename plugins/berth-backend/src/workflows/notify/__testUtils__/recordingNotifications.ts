import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';

/** The notifications boundary, recorded: every `send`, in order; `failNext` makes the next one throw. */
export function recordingNotifications(): NotificationService & {
  sent: NotificationSendOptions[];
  failNext(message: string): void;
} {
  const sent: NotificationSendOptions[] = [];
  let failure: string | undefined;
  return {
    sent,
    failNext: message => {
      failure = message;
    },
    async send(options) {
      if (failure) {
        const message = failure;
        failure = undefined;
        throw new Error(message);
      }
      sent.push(options);
    },
  };
}
