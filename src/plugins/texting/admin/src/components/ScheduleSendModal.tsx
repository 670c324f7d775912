import { Badge, Box, Button, EmptyStateLayout, Flex, Loader, Modal, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { errorMessage, useScheduledCampaigns, type PhoneNumberRow } from '../api/client';
import { CAMPAIGN_STATUS_LABEL } from '../utils/labels';
import { nationalFormat } from '../utils/phone';

/** Lists the number's scheduled campaigns with their send and archive dates (the seed's "Schedule send"). */
export const ScheduleSendModal = ({ row, onClose }: { row: PhoneNumberRow | null; onClose: () => void }) => {
  const { data, error, isLoading } = useScheduledCampaigns(row?.documentId ?? null);
  const { formatDate } = useIntl();
  const when = (v: string | null) => (v ? formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

  return (
    <Modal.Root open={row !== null} onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>Scheduled campaigns · {row ? nationalFormat(row.phoneNumber) : ''}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {isLoading ? (
            <Flex justifyContent="center" padding={6}>
              <Loader small>Loading scheduled campaigns</Loader>
            </Flex>
          ) : error ? (
            <Typography textColor="danger600">{errorMessage(error)}</Typography>
          ) : !data?.length ? (
            <EmptyStateLayout content="No campaigns are scheduled on this number." />
          ) : (
            <Box>
              <Typography variant="pi" textColor="neutral600" tag="p">
                {row?.name}: {data.length === 1 ? 'one campaign is' : `${data.length} campaigns are`} scheduled to
                send from this number.
              </Typography>
              <Box paddingTop={4}>
                <Table colCount={4} rowCount={data.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">Campaign</Typography></Th>
                      <Th><Typography variant="sigma">Status</Typography></Th>
                      <Th><Typography variant="sigma">Send date</Typography></Th>
                      <Th><Typography variant="sigma">Archive date</Typography></Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {data.map((c) => (
                      <Tr key={c.documentId}>
                        <Td><Typography fontWeight="bold">{c.name}</Typography></Td>
                        <Td><Badge>{CAMPAIGN_STATUS_LABEL[c.status ?? c.state ?? 'scheduled']}</Badge></Td>
                        <Td><Typography>{when(c.sendAt)}</Typography></Td>
                        <Td><Typography>{when(c.archiveAt)}</Typography></Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            </Box>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
