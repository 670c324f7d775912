import type { Core } from '@strapi/strapi';
import { ConflictError } from '../../utils/errors';
import type { Named } from './reads';
import { invalid } from './rules';
import { getService } from '../../utils/get-service';

/** Single-use numbers: bought for one campaign when it is saved, released if the campaign cannot be. */

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Buys a number in the area code through the provisioning service (its rules: nothing half-bought, no
 * orphan rentals) and stores it as `single_use`. The first few offers are tried: one may be sold meanwhile.
 */
export async function provisionSingleUse(
  strapi: Core.Strapi,
  areaCode: string,
  office: Named,
  campaignName: string,
  settings: { responseType: 'bot' | 'agent'; inboxes: { offices: string[]; agents: string[] } },
  userId?: number
): Promise<{ documentId: string; phoneNumber: string }> {
  const provisioning = getService(strapi, 'provisioning');
  const offers = await provisioning.searchAvailable(areaCode, 5);
  if (offers.length === 0) invalid('singleUseAreaCode', `Plivo has no numbers for texting in area code ${areaCode} right now; try a neighbouring area code`);
  let lastError: unknown = null;
  for (const offer of offers.slice(0, 3)) {
    try {
      const { row } = await provisioning.provision(
        {
          phoneNumber: offer.phoneNumber,
          name: `${campaignName} (single use)`.slice(0, 120),
          description: `Single-use number of the campaign "${campaignName}"; released when the campaign is archived.`,
          office: office.documentId,
          agent: null,
          responseType: settings.responseType,
          unsolicitedInboxes: settings.inboxes,
          numberType: 'single_use',
        },
        userId
      );
      return row;
    } catch (err) {
      lastError = err;
      if (!(err instanceof ConflictError)) throw err; // sold meanwhile: try the next offer
    }
  }
  throw lastError;
}

export async function releaseQuietly(strapi: Core.Strapi, numberDocumentId: string) {
  try {
    await getService(strapi, 'provisioning').release(numberDocumentId);
  } catch (err) {
    strapi.log.error(`[texting] A single-use number bought for a campaign that could not be saved is still rented: ${describe(err)}`);
  }
}

