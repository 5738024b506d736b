import { Button, Card, Checkbox, Col, DatePicker, Form, Input, Radio, Row, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { CheckCircleOutlined, EditOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { IdType } from '../../api/types';
import { idNumberProblem } from '../../lib/idnumber';
import type { ReceptionValues } from './form';
import type { ApplicantLookup } from './useApplicantLookup';

const PHONE_RE = /^(\+84|0)[\d\s.-]{8,12}$/;
const BIRTH_FORMATS = ['DD/MM/YYYY', 'D/M/YYYY', 'DDMMYYYY', 'DD-MM-YYYY', 'DD.MM.YYYY'];

/** Reception, step 1: the applicant (looked up by ID number in the registry) and anyone acting for them. */
export function ApplicantCard({ form, applicant }: { form: FormInstance<ReceptionValues>; applicant: ApplicantLookup }) {
  const { t } = useTranslation();
  const idType = Form.useWatch('idType', form) ?? 'personal';
  const hasAuthorised = Form.useWatch('hasAuthorised', form) ?? false;
  const personal = idType === 'personal';
  const idRule = (type: IdType) => ({
    validator: (_: unknown, value: string | undefined) => {
      const problem = idNumberProblem(type, value ?? '');
      return problem ? Promise.reject(new Error(t(problem))) : Promise.resolve();
    },
  });

  return (
    <Card size="small" title={t('desk.stepApplicant')} style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="idType" label={t('desk.idType')}>
            <Radio.Group
              data-testid="desk-id-type"
              optionType="button"
              buttonStyle="solid"
              onChange={() => {
                applicant.changed();
                if (form.getFieldValue('idNumber')) void form.validateFields(['idNumber']).catch(() => undefined);
              }}
              options={[
                { value: 'personal', label: t('desk.personal') },
                { value: 'organisation', label: t('desk.organisation') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item
            label={personal ? t('desk.idNumberPersonal') : t('desk.idNumberOrganisation')}
            required
            extra={personal ? t('desk.idPersonalRule') : t('desk.idOrganisationRule')}
          >
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="idNumber" noStyle rules={[idRule(idType)]} validateTrigger="onBlur">
                <Input
                  ref={applicant.idRef}
                  autoFocus
                  inputMode="numeric"
                  autoComplete="off"
                  size="large"
                  maxLength={16}
                  data-testid="desk-id-number"
                  placeholder={personal ? '0xx xxx xxx xxx' : t('desk.idOrganisationPlaceholder')}
                  onChange={() => {
                    applicant.changed();
                  }}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    void applicant.lookup();
                  }}
                  style={{ fontFamily: 'monospace', letterSpacing: 1 }}
                />
              </Form.Item>
              <Button
                size="large"
                icon={<SearchOutlined />}
                loading={applicant.state === 'loading'}
                onClick={() => void applicant.lookup()}
                data-testid="desk-lookup"
              >
                {t('desk.lookup')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Col>
      </Row>
      {applicant.state === 'found' && (
        <div style={{ marginBottom: 12 }}>
          <Tag color="success" icon={<CheckCircleOutlined />} data-testid="desk-person-found">
            {t('desk.found')}
          </Tag>
          <Typography.Text type="secondary">{t('desk.foundHint')}</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Checkbox checked={applicant.storeConsent} onChange={(e) => applicant.setStoreConsent(e.target.checked)} data-testid="desk-store-consent">
              {t('desk.storeConsent')}
            </Checkbox>
            <div>
              <Typography.Text type="secondary">{t('desk.storeConsentHint')}</Typography.Text>
            </div>
          </div>
        </div>
      )}
      {applicant.state === 'new' && (
        <div style={{ marginBottom: 12 }}>
          <Tag color="blue" icon={<EditOutlined />} data-testid="desk-person-new">
            {t('desk.notFound')}
          </Tag>
          <Typography.Text type="secondary">{t('desk.notFoundHint')}</Typography.Text>
        </div>
      )}
      <Row gutter={16}>
        <Col xs={24} md={personal ? 16 : 24}>
          <Form.Item
            name="fullName"
            label={personal ? t('desk.fullName') : t('desk.orgName')}
            rules={[{ required: true, whitespace: true, message: t('desk.fullNameRequired') }]}
          >
            <Input ref={applicant.nameRef} data-testid="desk-full-name" autoComplete="off" maxLength={200} />
          </Form.Item>
        </Col>
        {personal && (
          <Col xs={24} md={8}>
            <Form.Item name="birthDate" label={t('desk.birthDate')}>
              <DatePicker
                data-testid="desk-birth-date"
                format={BIRTH_FORMATS}
                placeholder="dd/mm/yyyy"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs())}
                inputReadOnly={false}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="address" label={personal ? t('desk.address') : t('desk.orgAddress')}>
            <Input data-testid="desk-address" autoComplete="off" maxLength={500} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="phone" label={t('desk.phone')} rules={[{ pattern: PHONE_RE, message: t('register.phoneRule') }]}>
            <Input data-testid="desk-phone" inputMode="tel" autoComplete="off" maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="email" label={t('desk.email')} rules={[{ type: 'email', message: t('register.emailRule') }]}>
            <Input data-testid="desk-email" inputMode="email" autoComplete="off" maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="hasAuthorised" valuePropName="checked" style={{ marginBottom: hasAuthorised ? 12 : 0 }}>
        <Checkbox data-testid="desk-authorised">{t('desk.authorised')}</Checkbox>
      </Form.Item>
      {hasAuthorised && (
        <Card size="small" type="inner" title={t('desk.authorisedTitle')} data-testid="desk-authorised-fields">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name={['authorised', 'fullName']}
                label={t('desk.fullName')}
                rules={[{ required: true, whitespace: true, message: t('desk.fullNameRequired') }]}
              >
                <Input data-testid="desk-auth-full-name" autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name={['authorised', 'idNumber']} label={t('desk.idNumberPersonal')} rules={[idRule('personal')]} validateTrigger="onBlur">
                <Input data-testid="desk-auth-id-number" inputMode="numeric" autoComplete="off" maxLength={16} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['authorised', 'phone']} label={t('desk.phone')} rules={[{ pattern: PHONE_RE, message: t('register.phoneRule') }]}>
                <Input data-testid="desk-auth-phone" inputMode="tel" autoComplete="off" maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name={['authorised', 'address']} label={t('desk.address')}>
                <Input data-testid="desk-auth-address" autoComplete="off" maxLength={500} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name={['authorised', 'document']}
                label={t('desk.authDocument')}
                rules={[{ required: true, whitespace: true, message: t('desk.authDocumentRequired') }]}
                style={{ marginBottom: 0 }}
              >
                <Input data-testid="desk-auth-document" autoComplete="off" maxLength={500} placeholder={t('desk.authDocumentPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      )}
    </Card>
  );
}
