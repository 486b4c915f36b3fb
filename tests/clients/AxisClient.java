// A legacy Axis 1.4 client: the stubs WSDL2Java generated from a saved copy of the served WSDL,
// called as such clients call them. Prints one `name=value` line per thing the test checks.
// Usage: java AxisClient URL USERNAME PASSWORD

import com.example.legacy.OrderService._2011._03.OrderServiceLocator;
import com.example.legacy.OrderService._2011._03.OrderServiceSoap;
import com.example.legacy.schemas.Orders._2011._03.Customer;
import com.example.legacy.schemas.Orders._2011._03.CustomerNotFoundFault;
import com.example.legacy.schemas.Orders._2011._03.NewOrderLine;
import com.example.legacy.schemas.Orders._2011._03.Order;
import com.example.legacy.schemas.Orders._2011._03.OrderConfirmation;
import com.example.legacy.schemas.Orders._2011._03.OrderLine;
import java.net.URL;
import java.text.SimpleDateFormat;
import javax.xml.soap.SOAPElement;
import org.apache.axis.client.Stub;
import org.apache.axis.message.SOAPHeaderElement;

public class AxisClient {
    static final String WSSE =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    static final String PASSWORD_TEXT =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

    public static void main(String[] args) throws Exception {
        OrderServiceSoap port = new OrderServiceLocator().getOrderServiceSoap(new URL(args[0]));
        // Axis 1.4 has no WS-Security of its own: its users add the UsernameToken header by hand.
        SOAPHeaderElement security = new SOAPHeaderElement(WSSE, "Security");
        security.setPrefix("wsse");
        SOAPElement token = security.addChildElement("UsernameToken", "wsse", WSSE);
        token.addChildElement("Username", "wsse", WSSE).addTextNode(args[1]);
        SOAPElement password = token.addChildElement("Password", "wsse", WSSE);
        password.setAttribute("Type", PASSWORD_TEXT);
        password.addTextNode(args[2]);
        ((Stub) port).setHeader(security);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");

        Customer customer = port.getCustomer("C-000101");
        print("GetCustomer.Name", customer.getName());
        print("GetCustomer.CreditLimit", customer.getCreditLimit());
        print("GetCustomer.BillingAddress.City", customer.getBillingAddress().getCity());

        Order order = port.getOrder("SO-00004711");
        print("GetOrder.Status", order.getStatus());
        print("GetOrder.OrderDate", day.format(order.getOrderDate()));
        print("GetOrder.TotalAmount", order.getTotalAmount());
        print("GetOrder.Lines", order.getLines().length);
        print("GetOrder.Lines[1].Sku", order.getLines()[1].getSku());

        OrderConfirmation confirmation = port.createOrder(
            "C-000101",
            "EUR",
            new NewOrderLine[] {new NewOrderLine("PAP-A4-500", 10), new NewOrderLine("LMP-LED-02", 2)},
            "Leave at reception",
            null);
        print("CreateOrder.Status", confirmation.getStatus());
        print("CreateOrder.TotalAmount", confirmation.getTotalAmount());
        Order created = port.getOrder(confirmation.getOrderId());
        print("CreateOrder.Read.OrderId", created.getOrderId().equals(confirmation.getOrderId()));
        print("CreateOrder.Read.Notes", created.getNotes());
        int quantity = 0;
        for (OrderLine line : created.getLines()) {
            quantity += line.getQuantity();
        }
        print("CreateOrder.Read.Quantity", quantity);

        try {
            port.getCustomer("C-000999");
            print("CustomerNotFoundFault", "not thrown");
        } catch (CustomerNotFoundFault fault) {
            print("CustomerNotFoundFault.CustomerId", fault.getCustomerId());
            print("CustomerNotFoundFault.faultString", fault.getFaultString());
        }
    }

    static void print(String name, Object value) {
        System.out.println(name + "=" + value);
    }
}
