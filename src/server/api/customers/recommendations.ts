import { z } from 'zod';
import { MODEL_NAMES } from '../../../recommend/index.js';
import { recommendForCustomer, UnknownCustomerError } from '../../../recommend/run/customer-recommendations.js';
import { notFound } from '../http-error.js';
import { ANALYSTS } from '../roles.js';
import { component, defineRoute } from '../route.js';
import { customerId } from '../schemas/common.js';

const RecommendedProduct = component(
  'RecommendedProduct',
  z.object({
    productId: z.string(),
    name: z.string().nullable(),
    category: z.string().nullable(),
    score: z.number().describe("The model's score (0 for a popular fill-in); only the order matters"),
    reason: z.object({
      kind: z.enum(['popular', 'bought-together', 'similar']),
      text: z.string().describe('"bought by customers who bought X", "similar to X" or "popular with other customers"'),
      productId: z.string().nullable().describe("The customer's own product the reason names"),
    }),
  }),
);

const Recommendations = component(
  'CustomerRecommendations',
  z.object({
    customerId: z.string(),
    model: z.enum(MODEL_NAMES),
    coldStart: z.boolean().describe('No purchases or views yet: the items are the most popular ones'),
    history: z.object({ purchased: z.number().int(), viewed: z.number().int() }),
    items: z.array(RecommendedProduct),
  }),
);

export const recommendationRoutes = [
  defineRoute({
    method: 'GET',
    path: '/customers/:id/recommendations',
    operationId: 'getCustomerRecommendations',
    summary: 'Products to recommend to a customer, each with its reason',
    description:
      "From the store's orders and product views: never a product the customer bought, nor one out of stock or in an excluded " +
      'category. A customer without purchases or views gets the most popular products (`coldStart: true`).',
    tag: 'customers',
    roles: ANALYSTS,
    params: z.strictObject({ id: customerId }),
    query: z.strictObject({
      k: z.coerce.number().int().min(1).max(100).default(10).describe('Products to return (1-100, default 10)'),
      model: z.enum(MODEL_NAMES).default('item-knn').describe('Recommender (default item-knn)'),
      exclude: z.string().max(1000).optional().describe('Comma-separated categories never to recommend'),
    }),
    response: Recommendations,
    async handle({ params, query, deps }) {
      try {
        return await recommendForCustomer(deps.store, params.id, {
          k: query.k,
          model: query.model,
          ...(query.exclude ? { excludeCategories: query.exclude.split(',').map((c) => c.trim()) } : {}),
        });
      } catch (err) {
        if (err instanceof UnknownCustomerError) throw notFound(`${err.message}; GET /api/customers lists them`);
        throw err;
      }
    },
  }),
];
