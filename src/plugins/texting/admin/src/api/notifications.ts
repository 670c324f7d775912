import type { NotificationSettings, NotificationsAnswer } from '../../../shared/contracts';
import { encodeParams } from './params';
import { textingApi, unwrapData } from './texting';

/** How often the unread count on the Notifications link is refreshed while a Texting page is open. */
export const UNREAD_POLL_MS = 30_000;

/** Notifications (docs/API-ADDITIONS.md): the list, the unread count on the nav link, read marks, the e-mail choice. */
export const notificationsApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listNotifications: build.query<NotificationsAnswer, { page?: number; pageSize?: number; unread?: boolean }>({
      query: ({ unread, ...params }) => ({ url: '/texting/notifications', config: { params: encodeParams({ ...params, ...(unread ? { unread: 'true' } : {}) }) } }),
      providesTags: ['TextingNotification'],
    }),
    getUnreadNotificationCount: build.query<number, void>({
      query: () => '/texting/notifications/unread-count',
      transformResponse: (answer: { data: { unread: number } }) => answer.data.unread,
      providesTags: ['TextingNotification'],
    }),
    markNotifications: build.mutation<{ changed: number; unread: number }, { ids?: number[]; all?: true; read: boolean }>({
      query: (body) => ({ url: '/texting/notifications/read', method: 'PUT', data: body }),
      transformResponse: unwrapData<{ changed: number; unread: number }>,
      invalidatesTags: ['TextingNotification'],
    }),
    getNotificationSettings: build.query<NotificationSettings, void>({
      query: () => '/texting/notifications/settings',
      transformResponse: unwrapData<NotificationSettings>,
    }),
    updateNotificationSettings: build.mutation<NotificationSettings, { email: boolean }>({
      query: (body) => ({ url: '/texting/notifications/settings', method: 'PUT', data: body }),
      transformResponse: unwrapData<NotificationSettings>,
      async onQueryStarted(_body, { dispatch, queryFulfilled }) {
        const { data } = await queryFulfilled;
        dispatch(notificationsApi.util.updateQueryData('getNotificationSettings', undefined, () => data));
      },
    }),
  }),
  overrideExisting: false,
});

export const {
  useListNotificationsQuery,
  useGetUnreadNotificationCountQuery,
  useMarkNotificationsMutation,
  useGetNotificationSettingsQuery,
  useUpdateNotificationSettingsMutation,
} = notificationsApi;
